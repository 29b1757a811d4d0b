variable "name" {
  description = "Repository name: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }
}

variable "environment" {
  description = "Environment the repository belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "image_tag_mutability" {
  description = "IMMUTABLE: a pushed tag always names the same image (recommended); MUTABLE: tags such as latest can be moved."
  type        = string
  default     = "IMMUTABLE"
  nullable    = false

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be one of IMMUTABLE, MUTABLE."
  }
}

variable "scan_on_push" {
  description = "Scan every pushed image for known vulnerabilities."
  type        = bool
  default     = true
  nullable    = false
}

variable "keep_images" {
  description = "Lifecycle policy: how many images to keep; older ones are expired."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.keep_images >= 1 && var.keep_images <= 1000 && floor(var.keep_images) == var.keep_images
    error_message = "keep_images must be a whole number from 1 to 1000."
  }
}

variable "untagged_image_expiry_days" {
  description = "Lifecycle policy: days after which untagged images (left over by re-pushed or failed builds) are expired."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.untagged_image_expiry_days >= 1 && var.untagged_image_expiry_days <= 365 && floor(var.untagged_image_expiry_days) == var.untagged_image_expiry_days
    error_message = "untagged_image_expiry_days must be a whole number from 1 to 365."
  }
}

variable "pull_principal_arns" {
  description = "IAM principals in other accounts (account roots or roles) allowed to pull images; principals of this account need only an IAM policy."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.pull_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/[A-Za-z0-9+=,.@_/-]{1,512})$", arn))])
    error_message = "pull_principal_arns must hold account root or role ARNs, such as arn:aws:iam::123456789012:root or arn:aws:iam::123456789012:role/deployer."
  }

  validation {
    condition     = length(var.pull_principal_arns) <= 50
    error_message = "pull_principal_arns may hold at most 50 ARNs."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt images with; null uses the AWS managed key (aws/ecr). Images are always KMS-encrypted."
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
