locals {
  tags = merge(var.tags, {
    environment = var.environment
    managed-by  = "tfpilot"
  })

  suffix   = var.fifo ? ".fifo" : ""
  dlq_name = "${var.name}-dlq${local.suffix}"

  # SSE-SQS when no key is given, SSE-KMS otherwise: messages are always encrypted at rest.
  sqs_managed_sse = var.kms_key_arn == null
}

resource "aws_sqs_queue" "dead_letter" {
  count = var.dead_letter_queue.enabled ? 1 : 0

  name                              = local.dlq_name
  fifo_queue                        = var.fifo
  message_retention_seconds         = var.dead_letter_queue.message_retention_seconds
  sqs_managed_sse_enabled           = local.sqs_managed_sse ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.sqs_managed_sse ? null : 300
  tags                              = local.tags
}

resource "aws_sqs_queue" "this" {
  name                              = "${var.name}${local.suffix}"
  fifo_queue                        = var.fifo
  content_based_deduplication       = var.fifo ? var.content_based_deduplication : null
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  max_message_size                  = var.max_message_size
  delay_seconds                     = var.delay_seconds
  receive_wait_time_seconds         = var.receive_wait_time_seconds
  sqs_managed_sse_enabled           = local.sqs_managed_sse ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.sqs_managed_sse ? null : 300
  tags                              = local.tags

  # "" rather than null, so that turning the dead-letter queue off removes the policy.
  redrive_policy = var.dead_letter_queue.enabled ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[0].arn
    maxReceiveCount     = var.dead_letter_queue.max_receive_count
  }) : ""

  lifecycle {
    precondition {
      condition     = var.fifo || !var.content_based_deduplication
      error_message = "content_based_deduplication needs fifo = true."
    }

    precondition {
      condition     = !var.dead_letter_queue.enabled || var.dead_letter_queue.message_retention_seconds >= var.message_retention_seconds
      error_message = "dead_letter_queue.message_retention_seconds must be at least message_retention_seconds, or failed messages expire before anyone looks at them."
    }
  }
}

# Only this queue may send its failed messages to the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  count     = var.dead_letter_queue.enabled ? 1 : 0
  queue_url = aws_sqs_queue.dead_letter[0].id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

locals {
  queues = merge(
    { main = aws_sqs_queue.this },
    var.dead_letter_queue.enabled ? { dead_letter = aws_sqs_queue.dead_letter[0] } : {},
  )
}

# Queue policies: TLS only, and the allowed senders on the main queue.
data "aws_iam_policy_document" "queue" {
  for_each = local.queues

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "main" && length(var.allowed_sender_arns) > 0 ? [var.allowed_sender_arns] : []

    content {
      sid       = "AllowServiceSenders"
      effect    = "Allow"
      actions   = ["sqs:SendMessage"]
      resources = [each.value.arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com", "sns.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = sort(statement.value)
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each = local.queues

  queue_url = each.value.id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}
