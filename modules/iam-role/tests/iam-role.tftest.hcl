# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name             = "checkout-api-task"
  environment      = "stage"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  tags = {
    owner       = "team-checkout"
    cost-center = "cc-1234"
  }
}

run "role_with_managed_and_inline_policies" {
  command = plan

  variables {
    managed_policy_arns  = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::123456789012:policy/services/checkout-read"]
    inline_policy_json   = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"
    max_session_duration = 7200
  }

  assert {
    condition     = aws_iam_role.this.name == "checkout-api-task" && aws_iam_role.this.max_session_duration == 7200
    error_message = "role name and session duration"
  }

  assert {
    condition     = length(aws_iam_role_policy_attachment.managed) == 2 && length(aws_iam_role_policy.inline) == 1
    error_message = "each managed policy is attached and the inline policy embedded"
  }

  assert {
    condition     = length(aws_iam_instance_profile.this) == 0
    error_message = "no instance profile unless asked"
  }

  assert {
    condition     = aws_iam_role.this.tags["managed-by"] == "tfpilot" && aws_iam_role.this.tags["environment"] == "stage"
    error_message = "platform tags are added"
  }
}

run "instance_profile_for_ec2" {
  command = plan

  variables {
    trusted_services        = ["ec2.amazonaws.com"]
    create_instance_profile = true
  }

  assert {
    condition     = length(aws_iam_instance_profile.this) == 1
    error_message = "the instance profile is created"
  }
}

run "instance_profile_needs_ec2" {
  command = plan

  variables {
    create_instance_profile = true
  }

  expect_failures = [aws_iam_instance_profile.this]
}

run "administrator_access_is_refused" {
  command = plan

  variables {
    managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  }

  expect_failures = [var.managed_policy_arns]
}

run "only_listed_services" {
  command = plan

  variables {
    trusted_services = ["iam.amazonaws.com"]
  }

  expect_failures = [var.trusted_services]
}

run "session_duration_range" {
  command = plan

  variables {
    max_session_duration = 600
  }

  expect_failures = [var.max_session_duration]
}

run "inline_policy_must_be_a_policy" {
  command = plan

  variables {
    inline_policy_json = "not json"
  }

  expect_failures = [var.inline_policy_json]
}
