# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name        = "checkout-build-artifacts"
  environment = "dev"
  tags = {
    owner       = "team-checkout"
    cost-center = "cc-1234"
  }
}

run "private_encrypted_versioned" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "public access is blocked"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "objects are encrypted with KMS"
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.this.versioning_configuration).status == "Enabled" && length(aws_s3_bucket_lifecycle_configuration.this) == 1
    error_message = "versioning is on and old versions expire"
  }

  assert {
    condition     = aws_s3_bucket.this.tags["managed-by"] == "tfpilot" && aws_s3_bucket.this.tags["environment"] == "dev" && aws_s3_bucket.this.tags["owner"] == "team-checkout"
    error_message = "platform tags are merged into the caller's tags"
  }
}

run "keeps_old_versions_when_asked" {
  command = plan

  variables {
    noncurrent_version_expiration_days = 0
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this) == 0
    error_message = "no expiry rule with 0 days"
  }
}

run "name_must_start_with_a_letter" {
  command = plan

  variables {
    name = "1-artifacts"
  }

  expect_failures = [var.name]
}

run "name_must_not_end_with_a_dash" {
  command = plan

  variables {
    name = "artifacts-"
  }

  expect_failures = [var.name]
}

run "environment_is_an_enum" {
  command = plan

  variables {
    environment = "qa"
  }

  expect_failures = [var.environment]
}

run "tags_need_owner_and_cost_center" {
  command = plan

  variables {
    tags = { cost-center = "cc-1234" }
  }

  expect_failures = [var.tags]
}

run "cost_center_has_a_format" {
  command = plan

  variables {
    tags = { owner = "team-checkout", cost-center = "1234" }
  }

  expect_failures = [var.tags]
}
