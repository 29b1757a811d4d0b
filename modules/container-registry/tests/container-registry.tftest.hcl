# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name        = "checkout-api"
  environment = "prod"
  tags = {
    owner       = "team-checkout"
    cost-center = "cc-1234"
  }
}

run "immutable_scanned_encrypted" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && one(aws_ecr_repository.this.image_scanning_configuration).scan_on_push
    error_message = "tags are immutable and images are scanned"
  }

  assert {
    condition     = one(aws_ecr_repository.this.encryption_configuration).encryption_type == "KMS" && !aws_ecr_repository.this.force_delete
    error_message = "images are KMS-encrypted and the repository is not force-deleted"
  }

  assert {
    condition     = length(aws_ecr_repository_policy.pull) == 0
    error_message = "no repository policy without cross-account pullers"
  }

  assert {
    condition     = aws_ecr_repository.this.tags["managed-by"] == "tfpilot" && aws_ecr_repository.this.tags["environment"] == "prod"
    error_message = "platform tags are added"
  }
}

run "lifecycle_policy_keeps_n_images" {
  command = plan

  variables {
    keep_images                = 12
    untagged_image_expiry_days = 3
  }

  assert {
    condition     = [for rule in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : rule.selection.countNumber] == [3, 12]
    error_message = "untagged images expire after 3 days and 12 images are kept"
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[1].selection.tagStatus == "any"
    error_message = "the catch-all rule comes last"
  }
}

run "cross_account_pull" {
  command = plan

  variables {
    pull_principal_arns = ["arn:aws:iam::210987654321:root"]
  }

  assert {
    condition     = length(aws_ecr_repository_policy.pull) == 1
    error_message = "a repository policy grants the pull"
  }
}

run "pull_principals_are_roots_or_roles" {
  command = plan

  variables {
    pull_principal_arns = ["*"]
  }

  expect_failures = [var.pull_principal_arns]
}

run "keep_images_range" {
  command = plan

  variables {
    keep_images = 0
  }

  expect_failures = [var.keep_images]
}
