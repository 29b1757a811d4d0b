variable "name" {
  description = "Queue name: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes. FIFO queues get the .fifo suffix added."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }
}

variable "environment" {
  description = "Environment the queue belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "fifo" {
  description = "Create a FIFO queue (exactly-once processing, ordered per message group) instead of a standard queue."
  type        = bool
  default     = false
  nullable    = false
}

variable "content_based_deduplication" {
  description = "FIFO queues only: deduplicate messages by a hash of their body instead of an explicit deduplication id."
  type        = bool
  default     = false
  nullable    = false
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays hidden from other consumers; set it above the consumer's processing time."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number from 0 to 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "Seconds a message is kept before it is deleted unread."
  type        = number
  default     = 345600
  nullable    = false

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number from 60 (1 minute) to 1209600 (14 days)."
  }
}

variable "max_message_size" {
  description = "Largest message body accepted, in bytes."
  type        = number
  default     = 262144
  nullable    = false

  validation {
    condition     = var.max_message_size >= 1024 && var.max_message_size <= 262144 && floor(var.max_message_size) == var.max_message_size
    error_message = "max_message_size must be a whole number of bytes from 1024 to 262144 (256 KiB)."
  }
}

variable "delay_seconds" {
  description = "Seconds every new message is hidden before it can be received."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.delay_seconds >= 0 && var.delay_seconds <= 900 && floor(var.delay_seconds) == var.delay_seconds
    error_message = "delay_seconds must be a whole number from 0 to 900 (15 minutes)."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long polling: seconds a receive call waits for a message to arrive; 0 turns long polling off."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number from 0 to 20."
  }
}

variable "dead_letter_queue" {
  description = "Dead-letter queue for messages that keep failing: whether to create it, how many receives move a message there, and how long it keeps them."
  type = object({
    enabled                   = optional(bool, true)
    max_receive_count         = optional(number, 5)
    message_retention_seconds = optional(number, 1209600)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.dead_letter_queue.max_receive_count >= 1 && var.dead_letter_queue.max_receive_count <= 1000 && floor(var.dead_letter_queue.max_receive_count) == var.dead_letter_queue.max_receive_count
    error_message = "dead_letter_queue.max_receive_count must be a whole number from 1 to 1000."
  }

  validation {
    condition     = var.dead_letter_queue.message_retention_seconds >= 60 && var.dead_letter_queue.message_retention_seconds <= 1209600 && floor(var.dead_letter_queue.message_retention_seconds) == var.dead_letter_queue.message_retention_seconds
    error_message = "dead_letter_queue.message_retention_seconds must be a whole number from 60 to 1209600 (14 days)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt messages with; null uses SQS-managed encryption (SSE-SQS)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab."
  }
}

variable "allowed_sender_arns" {
  description = "ARNs of SNS topics and EventBridge rules allowed to send messages to the queue (their service principals get sqs:SendMessage for these sources only)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.allowed_sender_arns : can(regex("^arn:aws[a-z-]*:(sns|events):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_./:-]+$", arn))])
    error_message = "allowed_sender_arns must hold SNS topic or EventBridge rule ARNs, such as arn:aws:sns:eu-west-1:123456789012:orders."
  }

  validation {
    condition     = length(var.allowed_sender_arns) <= 20
    error_message = "allowed_sender_arns may hold at most 20 ARNs."
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
