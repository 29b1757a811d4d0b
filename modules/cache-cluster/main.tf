locals {
  tags = merge(var.tags, {
    environment = var.environment
    managed-by  = "tfpilot"
  })

  prod     = var.environment == "prod"
  failover = var.replicas > 0
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "Subnets of the ${var.name} cache"
  subnet_ids  = sort(var.subnet_ids)
  tags        = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "${var.name} (${var.environment}), managed by TfPilot"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = var.port
  num_cache_clusters   = 1 + var.replicas

  automatic_failover_enabled = local.failover
  multi_az_enabled           = local.failover

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = sort(var.security_group_ids)

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = var.auth_token

  snapshot_retention_limit  = var.snapshot_retention_days
  snapshot_window           = var.snapshot_window
  maintenance_window        = var.maintenance_window
  final_snapshot_identifier = local.prod ? "${var.name}-final" : null

  auto_minor_version_upgrade = true
  apply_immediately          = !local.prod

  tags = local.tags

  lifecycle {
    precondition {
      condition     = !local.failover || length(var.subnet_ids) >= 2
      error_message = "replicas > 0 places nodes in several availability zones: list at least two subnet_ids."
    }
  }
}
