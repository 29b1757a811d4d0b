variable "name" {
  description = "Bucket name: lower-case letters, digits and dashes, 3 to 63 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be 3-63 lower-case letters, digits or dashes, starting and ending with a letter or digit."
  }
}

variable "environment" {
  description = "Environment the bucket belongs to."
  type        = string

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "versioning" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which old object versions are deleted; 0 keeps them forever."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 0
    error_message = "noncurrent_version_expiration_days must be zero or more."
  }
}

variable "tags" {
  description = "Tags for every resource; must include owner and cost-center."
  type        = map(string)

  validation {
    condition     = alltrue([for key in ["owner", "cost-center"] : contains(keys(var.tags), key)])
    error_message = "tags must include owner and cost-center."
  }
}
