locals {
  tags = merge(var.tags, {
    environment = var.environment
    managed-by  = "tfpilot"
  })
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "TrustedServices"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = sort(var.trusted_services)
    }
  }
}

resource "aws_iam_role" "this" {
  name                  = var.name
  path                  = var.path
  description           = var.description
  assume_role_policy    = data.aws_iam_policy_document.assume_role.json
  max_session_duration  = var.max_session_duration
  permissions_boundary  = var.permissions_boundary_arn
  force_detach_policies = true
  tags                  = local.tags
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = toset(var.managed_policy_arns)

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_role_policy" "inline" {
  count = var.inline_policy_json == null ? 0 : 1

  name   = "${var.name}-inline"
  role   = aws_iam_role.this.id
  policy = var.inline_policy_json
}

resource "aws_iam_instance_profile" "this" {
  count = var.create_instance_profile ? 1 : 0

  name = var.name
  path = var.path
  role = aws_iam_role.this.name
  tags = local.tags

  lifecycle {
    precondition {
      condition     = contains(var.trusted_services, "ec2.amazonaws.com")
      error_message = "create_instance_profile needs ec2.amazonaws.com in trusted_services."
    }
  }
}
