variable "name" {
  description = "Role name: 3 to 63 characters, a lower-case letter first, then lower-case letters, digits or dashes."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters: a lower-case letter, then lower-case letters, digits or dashes."
  }
}

variable "environment" {
  description = "Environment the role belongs to: dev, stage or prod."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "environment must be one of dev, stage, prod."
  }
}

variable "description" {
  description = "What the role is for, shown in the IAM console."
  type        = string
  default     = "Service role managed by TfPilot"
  nullable    = false

  validation {
    condition     = length(var.description) <= 1000 && can(regex("^[\\t\\n\\r -~\\x{A1}-\\x{FF}]*$", var.description))
    error_message = "description must be at most 1000 characters of printable text."
  }
}

variable "trusted_services" {
  description = "AWS services allowed to assume the role."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.trusted_services) >= 1 && length(distinct(var.trusted_services)) == length(var.trusted_services)
    error_message = "trusted_services must list at least one service, each once."
  }

  validation {
    condition = alltrue([for service in var.trusted_services : contains([
      "apigateway.amazonaws.com",
      "batch.amazonaws.com",
      "codebuild.amazonaws.com",
      "ec2.amazonaws.com",
      "ecs-tasks.amazonaws.com",
      "events.amazonaws.com",
      "lambda.amazonaws.com",
      "scheduler.amazonaws.com",
      "states.amazonaws.com",
    ], service)])
    error_message = "trusted_services may only hold apigateway.amazonaws.com, batch.amazonaws.com, codebuild.amazonaws.com, ec2.amazonaws.com, ecs-tasks.amazonaws.com, events.amazonaws.com, lambda.amazonaws.com, scheduler.amazonaws.com, states.amazonaws.com."
  }
}

variable "managed_policy_arns" {
  description = "ARNs of managed policies (AWS managed or from this account) to attach to the role. Administrator-level policies are refused."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(var.managed_policy_arns) <= 10 && length(distinct(var.managed_policy_arns)) == length(var.managed_policy_arns)
    error_message = "managed_policy_arns may list at most 10 policies, each once (the IAM quota per role)."
  }

  validation {
    condition     = alltrue([for arn in var.managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,128}$", arn))])
    error_message = "managed_policy_arns must hold IAM policy ARNs, such as arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess."
  }

  validation {
    condition     = !anytrue([for arn in var.managed_policy_arns : can(regex(":policy/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$", arn))])
    error_message = "managed_policy_arns must not include AdministratorAccess, PowerUserAccess or IAMFullAccess."
  }
}

variable "inline_policy_json" {
  description = "An IAM policy document (JSON) to embed in the role, for permissions no managed policy grants; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.inline_policy_json == null ? true : can(jsondecode(var.inline_policy_json).Statement)
    error_message = "inline_policy_json must be null or a JSON IAM policy document with a Statement."
  }

  validation {
    condition     = var.inline_policy_json == null ? true : length(var.inline_policy_json) <= 10240
    error_message = "inline_policy_json must be at most 10240 characters."
  }
}

variable "max_session_duration" {
  description = "Longest session, in seconds, that assuming the role gives."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "max_session_duration must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours)."
  }
}

variable "path" {
  description = "IAM path of the role, e.g. /services/."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = can(regex("^/([A-Za-z0-9+=,.@_-]+/)*$", var.path)) && length(var.path) <= 512
    error_message = "path must start and end with / and hold only letters, digits and +=,.@_- in between, e.g. /services/."
  }
}

variable "permissions_boundary_arn" {
  description = "ARN of a managed policy that caps the role's permissions; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,128}$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be null or an IAM policy ARN."
  }
}

variable "create_instance_profile" {
  description = "Also create an instance profile of the same name, so that EC2 instances can use the role (needs ec2.amazonaws.com in trusted_services)."
  type        = bool
  default     = false
  nullable    = false
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
