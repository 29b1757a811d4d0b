variable "name" {
  description = "Table name: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }
}

variable "environment" {
  description = "Environment the table belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "partition_key" {
  description = "Partition (hash) key of the table: attribute name and type (S string, N number, B binary)."
  type = object({
    name = string
    type = optional(string, "S")
  })
  nullable = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,255}$", var.partition_key.name))
    error_message = "partition_key.name must be 1-255 letters, digits, underscores, dots or dashes."
  }

  validation {
    condition     = contains(["S", "N", "B"], var.partition_key.type)
    error_message = "partition_key.type must be one of S, N, B."
  }
}

variable "sort_key" {
  description = "Sort (range) key of the table: attribute name and type (S, N or B); null for a table with a partition key only."
  type = object({
    name = string
    type = optional(string, "S")
  })
  default = null

  validation {
    condition     = var.sort_key == null ? true : can(regex("^[A-Za-z0-9_.-]{1,255}$", var.sort_key.name))
    error_message = "sort_key.name must be 1-255 letters, digits, underscores, dots or dashes."
  }

  validation {
    condition     = var.sort_key == null ? true : contains(["S", "N", "B"], var.sort_key.type)
    error_message = "sort_key.type must be one of S, N, B."
  }
}

variable "global_secondary_indexes" {
  description = "Global secondary indexes: name, partition key, optional sort key, and which attributes to project (ALL, KEYS_ONLY, or INCLUDE with non_key_attributes)."
  type = list(object({
    name               = string
    partition_key      = object({ name = string, type = optional(string, "S") })
    sort_key           = optional(object({ name = string, type = optional(string, "S") }))
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(var.global_secondary_indexes) <= 20
    error_message = "global_secondary_indexes may hold at most 20 indexes."
  }

  validation {
    condition     = alltrue([for index in var.global_secondary_indexes : can(regex("^[A-Za-z0-9_.-]{3,255}$", index.name))])
    error_message = "Every global_secondary_indexes name must be 3-255 letters, digits, underscores, dots or dashes."
  }

  validation {
    condition     = length(distinct([for index in var.global_secondary_indexes : index.name])) == length(var.global_secondary_indexes)
    error_message = "global_secondary_indexes names must be unique."
  }

  validation {
    condition = alltrue(flatten([for index in var.global_secondary_indexes : [
      for key in concat([index.partition_key], index.sort_key == null ? [] : [index.sort_key]) :
      can(regex("^[A-Za-z0-9_.-]{1,255}$", key.name)) && contains(["S", "N", "B"], key.type)
    ]]))
    error_message = "Every index key needs a name of 1-255 letters, digits, underscores, dots or dashes, and a type of S, N or B."
  }

  validation {
    condition     = alltrue([for index in var.global_secondary_indexes : contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type)])
    error_message = "projection_type must be one of ALL, KEYS_ONLY, INCLUDE."
  }

  validation {
    condition     = alltrue([for index in var.global_secondary_indexes : index.projection_type == "INCLUDE" ? length(index.non_key_attributes) > 0 : length(index.non_key_attributes) == 0])
    error_message = "non_key_attributes must be set for projection_type INCLUDE, and only for it."
  }
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST (on demand: pay per read and write) or PROVISIONED (fixed capacity, see provisioned_capacity)."
  type        = string
  default     = "PAY_PER_REQUEST"
  nullable    = false

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "billing_mode must be one of PAY_PER_REQUEST, PROVISIONED."
  }
}

variable "provisioned_capacity" {
  description = "Read and write capacity units of the table and of each index; used only when billing_mode is PROVISIONED."
  type = object({
    read  = optional(number, 5)
    write = optional(number, 5)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for units in [var.provisioned_capacity.read, var.provisioned_capacity.write] : units >= 1 && units <= 40000 && floor(units) == units])
    error_message = "provisioned_capacity.read and .write must be whole numbers from 1 to 40000."
  }
}

variable "table_class" {
  description = "STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their reads and writes."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "STANDARD_INFREQUENT_ACCESS"], var.table_class)
    error_message = "table_class must be one of STANDARD, STANDARD_INFREQUENT_ACCESS."
  }
}

variable "point_in_time_recovery" {
  description = "Continuous backups: restore the table to any second of the last 35 days. Always on in prod."
  type        = bool
  default     = true
  nullable    = false
}

variable "ttl_attribute" {
  description = "Name of the attribute holding each item's expiry time (epoch seconds); null turns time to live off."
  type        = string
  default     = null

  validation {
    condition     = var.ttl_attribute == null ? true : can(regex("^[A-Za-z0-9_.-]{1,255}$", var.ttl_attribute))
    error_message = "ttl_attribute must be null or 1-255 letters, digits, underscores, dots or dashes."
  }
}

variable "stream_view_type" {
  description = "Change stream: what each record holds (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES); null turns the stream off."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null ? true : contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], var.stream_view_type)
    error_message = "stream_view_type must be null or one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt the table with; null uses the AWS managed key (aws/dynamodb)."
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
