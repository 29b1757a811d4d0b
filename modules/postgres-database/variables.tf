variable "name" {
  description = "Instance identifier: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes (no double dash, no dash at the end)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }

  validation {
    condition     = !strcontains(var.name, "--") && !endswith(var.name, "-")
    error_message = "name must not contain two dashes in a row or end with a dash (RDS identifier rules)."
  }
}

variable "environment" {
  description = "Environment the database belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "engine_version" {
  description = "PostgreSQL version: a major version (16) to get its default minor version, or major.minor (16.4). Minor upgrades are applied automatically in the maintenance window."
  type        = string
  default     = "16"
  nullable    = false

  validation {
    condition     = can(regex("^(14|15|16|17)(\\.[0-9]{1,2})?$", var.engine_version))
    error_message = "engine_version must be a supported PostgreSQL major version (14, 15, 16 or 17), optionally with a minor version such as 16.4."
  }
}

variable "instance_class" {
  description = "Instance size: burstable t4g for dev and small loads, m7g general purpose, r7g memory optimised."
  type        = string
  default     = "db.t4g.micro"
  nullable    = false

  validation {
    condition = contains([
      "db.t4g.micro", "db.t4g.small", "db.t4g.medium", "db.t4g.large",
      "db.m7g.large", "db.m7g.xlarge", "db.m7g.2xlarge", "db.m7g.4xlarge",
      "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge",
    ], var.instance_class)
    error_message = "instance_class must be one of db.t4g.micro, db.t4g.small, db.t4g.medium, db.t4g.large, db.m7g.large, db.m7g.xlarge, db.m7g.2xlarge, db.m7g.4xlarge, db.r7g.large, db.r7g.xlarge, db.r7g.2xlarge, db.r7g.4xlarge."
  }
}

variable "allocated_storage" {
  description = "Storage to start with, in GiB."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536 && floor(var.allocated_storage) == var.allocated_storage
    error_message = "allocated_storage must be a whole number of GiB from 20 to 65536."
  }
}

variable "max_allocated_storage" {
  description = "Storage autoscaling: the most storage RDS may grow to, in GiB; 0 turns autoscaling off."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_allocated_storage == 0 || (var.max_allocated_storage >= 21 && var.max_allocated_storage <= 65536 && floor(var.max_allocated_storage) == var.max_allocated_storage)
    error_message = "max_allocated_storage must be 0 or a whole number of GiB from 21 to 65536."
  }
}

variable "storage_type" {
  description = "Storage type: gp3 (general purpose SSD) or io2 (provisioned IOPS SSD)."
  type        = string
  default     = "gp3"
  nullable    = false

  validation {
    condition     = contains(["gp3", "io2"], var.storage_type)
    error_message = "storage_type must be one of gp3, io2."
  }
}

variable "iops" {
  description = "Provisioned IOPS; required for io2, optional for gp3 with 400 GiB or more; null lets RDS choose the baseline."
  type        = number
  default     = null

  validation {
    condition     = var.iops == null ? true : var.iops >= 1000 && var.iops <= 256000 && floor(var.iops) == var.iops
    error_message = "iops must be null or a whole number from 1000 to 256000."
  }
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be 1-63 characters: a lower-case letter, then lower-case letters, digits or underscores."
  }

  validation {
    condition     = !contains(["postgres", "rdsadmin", "template0", "template1"], var.database_name)
    error_message = "database_name must not be postgres, rdsadmin, template0 or template1."
  }
}

variable "master_username" {
  description = "User name of the master (administrator) user."
  type        = string
  default     = "app_admin"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username))
    error_message = "master_username must be 1-63 characters: a lower-case letter, then lower-case letters, digits or underscores."
  }

  validation {
    condition     = !contains(["rdsadmin", "rdsrepladmin", "rds_superuser", "admin", "postgres"], var.master_username)
    error_message = "master_username must not be one of the reserved or well-known names rdsadmin, rdsrepladmin, rds_superuser, admin, postgres."
  }
}

variable "manage_master_password" {
  description = "Let RDS generate the master password and keep it, rotated, in AWS Secrets Manager (recommended). When false, master_password must be set."
  type        = bool
  default     = true
  nullable    = false
}

variable "master_password" {
  description = "Master password, used only when manage_master_password is false: 16-128 printable ASCII characters without /, \", @ or spaces."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.master_password == null ? true : can(regex("^[!#-.0-?A-~]{16,128}$", var.master_password))
    error_message = "master_password must be 16-128 printable ASCII characters other than /, \", @ and space."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the database subnet group, in at least two availability zones."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2 && length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids must list at least two different subnets."
  }

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must be subnet ids such as subnet-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  description = "Security groups of the instance; they decide who may connect."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.security_group_ids) >= 1 && length(var.security_group_ids) <= 5
    error_message = "security_group_ids must list one to five security groups."
  }

  validation {
    condition     = alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "security_group_ids must be security group ids such as sg-0123456789abcdef0."
  }
}

variable "port" {
  description = "TCP port the database listens on."
  type        = number
  default     = 5432
  nullable    = false

  validation {
    condition     = var.port >= 1150 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number from 1150 to 65535."
  }
}

variable "multi_az" {
  description = "Keep a synchronous standby in a second availability zone. Always on in prod; set it to have one in dev or stage too."
  type        = bool
  default     = false
  nullable    = false
}

variable "backup_retention_days" {
  description = "Days automated backups are kept (1-35); prod keeps at least 7."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number from 1 to 35."
  }
}

variable "backup_window" {
  description = "Daily backup window in UTC, hh:mm-hh:mm (at least 30 minutes, not overlapping the maintenance window); null lets RDS choose."
  type        = string
  default     = null

  validation {
    condition     = var.backup_window == null ? true : can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must be null or hh:mm-hh:mm in UTC, e.g. 02:00-03:00."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC, ddd:hh:mm-ddd:hh:mm; null lets RDS choose."
  type        = string
  default     = null

  validation {
    condition     = var.maintenance_window == null ? true : can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must be null or ddd:hh:mm-ddd:hh:mm in UTC, e.g. sun:04:00-sun:05:00."
  }
}

variable "parameters" {
  description = "PostgreSQL parameters for the instance's parameter group, e.g. { \"log_min_duration_statement\" = \"500\" }; applied at the next reboot. TLS is always enforced (rds.force_ssl)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for key in keys(var.parameters) : can(regex("^[a-z][a-z0-9_.]{0,254}$", key))])
    error_message = "parameters keys must be PostgreSQL parameter names: lower-case letters, digits, underscores and dots."
  }

  validation {
    condition     = !contains(keys(var.parameters), "rds.force_ssl")
    error_message = "parameters must not set rds.force_ssl: the module always requires TLS."
  }
}

variable "log_exports" {
  description = "Logs published to CloudWatch Logs: postgresql (the server log) and upgrade."
  type        = list(string)
  default     = ["postgresql"]
  nullable    = false

  validation {
    condition     = alltrue([for log in var.log_exports : contains(["postgresql", "upgrade"], log)])
    error_message = "log_exports may only hold postgresql and upgrade."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the storage and the master password secret; null uses the AWS managed keys (aws/rds, aws/secretsmanager). Storage is always encrypted."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab."
  }
}

variable "tags" {
  description = "Tags for every resource; must include owner and cost-center (cc- and four digits, e.g. cc-1234)."
  type        = map(string)
  nullable    = false

  validation {
    condition     = alltrue([for key in ["owner", "cost-center"] : trimspace(lookup(var.tags, key, "")) != ""])
    error_message = "tags must include non-empty owner and cost-center values."
  }

  validation {
    condition     = !contains(keys(var.tags), "cost-center") || can(regex("^cc-[0-9]{4}$", var.tags["cost-center"]))
    error_message = "tags.cost-center must be cc- followed by four digits, e.g. cc-1234."
  }
}
