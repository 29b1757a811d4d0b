variable "name" {
  description = "Replication group id: 3 to 40 characters, a lower-case letter first, then lower-case letters, digits or dashes (no double dash, no dash at the end)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }

  validation {
    condition     = length(var.name) <= 40 && !strcontains(var.name, "--") && !endswith(var.name, "-")
    error_message = "name must be at most 40 characters, without two dashes in a row or a dash at the end (ElastiCache replication group id rules)."
  }
}

variable "environment" {
  description = "Environment the cache belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "engine_version" {
  description = "Redis OSS version."
  type        = string
  default     = "7.1"
  nullable    = false

  validation {
    condition     = contains(["7.1", "7.0", "6.2"], var.engine_version)
    error_message = "engine_version must be one of 7.1, 7.0, 6.2."
  }
}

variable "node_type" {
  description = "Node size: burstable t4g for dev and small loads, m7g general purpose, r7g memory optimised."
  type        = string
  default     = "cache.t4g.micro"
  nullable    = false

  validation {
    condition = contains([
      "cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium",
      "cache.m7g.large", "cache.m7g.xlarge",
      "cache.r7g.large", "cache.r7g.xlarge",
    ], var.node_type)
    error_message = "node_type must be one of cache.t4g.micro, cache.t4g.small, cache.t4g.medium, cache.m7g.large, cache.m7g.xlarge, cache.r7g.large, cache.r7g.xlarge."
  }
}

variable "replicas" {
  description = "Read replicas besides the primary node; with one or more, a replica in another availability zone takes over when the primary fails."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.replicas >= 0 && var.replicas <= 5 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number from 0 to 5."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the cache subnet group; list subnets in two or more availability zones when replicas > 0."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 1 && length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids must list at least one subnet, each once."
  }

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must be subnet ids such as subnet-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  description = "Security groups of the nodes; they decide who may connect."
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
  description = "TCP port the nodes listen on."
  type        = number
  default     = 6379
  nullable    = false

  validation {
    condition     = var.port >= 1024 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number from 1024 to 65535."
  }
}

variable "auth_token" {
  description = "Password clients must send (Redis AUTH), 16-128 printable ASCII characters without /, \", @ or spaces; null for none (traffic is encrypted in transit either way)."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.auth_token == null ? true : can(regex("^[!#-.0-?A-~]{16,128}$", var.auth_token))
    error_message = "auth_token must be 16-128 printable ASCII characters other than /, \", @ and space."
  }
}

variable "snapshot_retention_days" {
  description = "Days daily snapshots are kept; 0 turns snapshots off."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35 && floor(var.snapshot_retention_days) == var.snapshot_retention_days
    error_message = "snapshot_retention_days must be a whole number from 0 to 35."
  }
}

variable "snapshot_window" {
  description = "Daily snapshot window in UTC, hh:mm-hh:mm (at least 60 minutes); null lets ElastiCache choose."
  type        = string
  default     = null

  validation {
    condition     = var.snapshot_window == null ? true : can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_window))
    error_message = "snapshot_window must be null or hh:mm-hh:mm in UTC, e.g. 03:00-04:00."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC, ddd:hh:mm-ddd:hh:mm; null lets ElastiCache choose."
  type        = string
  default     = null

  validation {
    condition     = var.maintenance_window == null ? true : can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must be null or ddd:hh:mm-ddd:hh:mm in UTC, e.g. sun:05:00-sun:06:00."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for encryption at rest; null uses the ElastiCache default key. Data is always encrypted at rest and in transit."
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
