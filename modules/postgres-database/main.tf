locals {
  tags = merge(var.tags, {
    environment = var.environment
    managed-by  = "tfpilot"
  })

  prod          = var.environment == "prod"
  major_version = split(".", var.engine_version)[0]

  # TLS is required whatever the caller asks for; their parameters wait for the next reboot.
  parameters = merge(
    { for name, value in var.parameters : name => { value = value, apply_method = "pending-reboot" } },
    { "rds.force_ssl" = { value = "1", apply_method = "immediate" } },
  )
}

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Subnets of the ${var.name} PostgreSQL instance"
  subnet_ids  = sort(var.subnet_ids)
  tags        = local.tags
}

resource "aws_db_parameter_group" "this" {
  name        = "${var.name}-postgres${local.major_version}"
  family      = "postgres${local.major_version}"
  description = "Parameters of the ${var.name} PostgreSQL instance"
  tags        = local.tags

  dynamic "parameter" {
    for_each = local.parameters

    content {
      name         = parameter.key
      value        = parameter.value.value
      apply_method = parameter.value.apply_method
    }
  }

  # A new major version needs a new group, created before the old one goes.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  port           = var.port
  db_name        = var.database_name

  username                      = var.master_username
  manage_master_user_password   = var.manage_master_password ? true : null
  master_user_secret_kms_key_id = var.manage_master_password ? var.kms_key_arn : null
  password                      = var.manage_master_password ? null : var.master_password

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = var.storage_type
  iops                  = var.iops
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = sort(var.security_group_ids)
  publicly_accessible    = false
  multi_az               = local.prod || var.multi_az
  parameter_group_name   = aws_db_parameter_group.this.name

  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = sort(distinct(var.log_exports))

  backup_retention_period = local.prod ? max(var.backup_retention_days, 7) : var.backup_retention_days
  backup_window           = var.backup_window
  maintenance_window      = var.maintenance_window
  copy_tags_to_snapshot   = true

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  apply_immediately           = !local.prod

  # Prod can't be deleted by accident and leaves a final snapshot when it is.
  deletion_protection       = local.prod
  skip_final_snapshot       = !local.prod
  final_snapshot_identifier = local.prod ? "${var.name}-final" : null
  delete_automated_backups  = !local.prod

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.manage_master_password != (var.master_password != null)
      error_message = "Set master_password exactly when manage_master_password is false."
    }

    precondition {
      condition     = var.max_allocated_storage == 0 || var.max_allocated_storage > var.allocated_storage
      error_message = "max_allocated_storage must be 0 (no autoscaling) or more than allocated_storage."
    }

    precondition {
      condition     = var.storage_type != "io2" || var.iops != null
      error_message = "storage_type io2 needs iops."
    }

    precondition {
      condition     = var.storage_type != "gp3" || var.iops == null || var.allocated_storage >= 400
      error_message = "iops can be set for gp3 only with 400 GiB of allocated_storage or more."
    }
  }
}
