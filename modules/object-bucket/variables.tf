variable "name" {
  description = "Bucket name: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }

  validation {
    condition     = !endswith(var.name, "-")
    error_message = "name must not end with a dash (S3 bucket names end with a letter or digit)."
  }
}

variable "environment" {
  description = "Environment the bucket belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "versioning" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
  nullable    = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which old object versions are deleted; 0 keeps them forever."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.noncurrent_version_expiration_days >= 0 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number from 0 to 3650."
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
