locals {
  tags = merge(var.tags, {
    environment = var.environment
    managed-by  = "tfpilot"
  })

  provisioned = var.billing_mode == "PROVISIONED"

  # Every key of the table and of its indexes, as (name, type) pairs.
  keys = concat(
    [var.partition_key],
    var.sort_key == null ? [] : [var.sort_key],
    flatten([for index in var.global_secondary_indexes : concat(
      [index.partition_key],
      index.sort_key == null ? [] : [index.sort_key],
    )]),
  )

  # Attribute name => the types it was declared with; more than one type is a mistake.
  key_types  = { for key in local.keys : key.name => key.type... }
  attributes = { for name, types in local.key_types : name => types[0] }
}

resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = var.billing_mode
  read_capacity               = local.provisioned ? var.provisioned_capacity.read : null
  write_capacity              = local.provisioned ? var.provisioned_capacity.write : null
  hash_key                    = var.partition_key.name
  range_key                   = var.sort_key == null ? null : var.sort_key.name
  table_class                 = var.table_class
  deletion_protection_enabled = var.environment == "prod"
  stream_enabled              = var.stream_view_type != null
  stream_view_type            = var.stream_view_type
  tags                        = local.tags

  dynamic "attribute" {
    for_each = local.attributes

    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.global_secondary_indexes
    iterator = index

    content {
      name               = index.value.name
      hash_key           = index.value.partition_key.name
      range_key          = index.value.sort_key == null ? null : index.value.sort_key.name
      projection_type    = index.value.projection_type
      non_key_attributes = index.value.projection_type == "INCLUDE" ? index.value.non_key_attributes : null
      read_capacity      = local.provisioned ? var.provisioned_capacity.read : null
      write_capacity     = local.provisioned ? var.provisioned_capacity.write : null
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery || var.environment == "prod"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]

    content {
      enabled        = true
      attribute_name = ttl.value
    }
  }

  lifecycle {
    precondition {
      condition     = alltrue([for name, types in local.key_types : length(distinct(types)) == 1])
      error_message = "A key attribute is declared with different types in the table and its indexes: ${join(", ", [for name, types in local.key_types : name if length(distinct(types)) > 1])}."
    }

    precondition {
      condition     = var.sort_key == null ? true : var.sort_key.name != var.partition_key.name
      error_message = "sort_key must name a different attribute than partition_key."
    }
  }
}
