# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name          = "carts"
  environment   = "dev"
  partition_key = { name = "cart_id" }
  tags = {
    owner       = "team-checkout"
    cost-center = "cc-1234"
  }
}

run "on_demand_encrypted_with_backups" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.this.hash_key == "cart_id"
    error_message = "on-demand table keyed by cart_id"
  }

  assert {
    condition     = one(aws_dynamodb_table.this.server_side_encryption).enabled && one(aws_dynamodb_table.this.point_in_time_recovery).enabled
    error_message = "encryption and point-in-time recovery are on"
  }

  assert {
    condition     = !aws_dynamodb_table.this.deletion_protection_enabled && length(aws_dynamodb_table.this.ttl) == 0 && !aws_dynamodb_table.this.stream_enabled
    error_message = "dev tables can be deleted; no TTL and no stream unless asked"
  }

  assert {
    condition     = aws_dynamodb_table.this.tags["managed-by"] == "tfpilot" && aws_dynamodb_table.this.tags["environment"] == "dev"
    error_message = "platform tags are added"
  }
}

run "prod_with_indexes_ttl_and_stream" {
  command = plan

  variables {
    environment            = "prod"
    sort_key               = { name = "created_at", type = "N" }
    point_in_time_recovery = false
    ttl_attribute          = "expires_at"
    stream_view_type       = "NEW_AND_OLD_IMAGES"
    billing_mode           = "PROVISIONED"
    provisioned_capacity   = { read = 10 }
    global_secondary_indexes = [
      { name = "by-customer", partition_key = { name = "customer_id" }, sort_key = { name = "created_at", type = "N" } },
      { name = "by-status", partition_key = { name = "status" }, projection_type = "INCLUDE", non_key_attributes = ["total"] },
    ]
  }

  assert {
    condition     = aws_dynamodb_table.this.deletion_protection_enabled && one(aws_dynamodb_table.this.point_in_time_recovery).enabled
    error_message = "prod tables are protected and always recoverable"
  }

  assert {
    condition = (
      length(aws_dynamodb_table.this.attribute) == 4 &&
      contains([for a in aws_dynamodb_table.this.attribute : "${a.name}:${a.type}"], "created_at:N") &&
      contains([for a in aws_dynamodb_table.this.attribute : "${a.name}:${a.type}"], "status:S")
    )
    error_message = "every key attribute is declared once with its type"
  }

  assert {
    condition     = aws_dynamodb_table.this.read_capacity == 10 && aws_dynamodb_table.this.write_capacity == 5 && length(aws_dynamodb_table.this.global_secondary_index) == 2
    error_message = "provisioned capacity applies to the table and its indexes"
  }

  assert {
    condition     = one(aws_dynamodb_table.this.ttl).attribute_name == "expires_at" && aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "TTL and stream are set"
  }
}

run "key_types_must_agree" {
  command = plan

  variables {
    sort_key = { name = "created_at", type = "N" }
    global_secondary_indexes = [
      { name = "by-date", partition_key = { name = "created_at", type = "S" } },
    ]
  }

  expect_failures = [aws_dynamodb_table.this]
}

run "billing_mode_is_an_enum" {
  command = plan

  variables {
    billing_mode = "ON_DEMAND"
  }

  expect_failures = [var.billing_mode]
}

run "key_type_is_an_enum" {
  command = plan

  variables {
    partition_key = { name = "cart_id", type = "STRING" }
  }

  expect_failures = [var.partition_key]
}

run "include_projection_needs_attributes" {
  command = plan

  variables {
    global_secondary_indexes = [
      { name = "by-status", partition_key = { name = "status" }, projection_type = "INCLUDE" },
    ]
  }

  expect_failures = [var.global_secondary_indexes]
}
