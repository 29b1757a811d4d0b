# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name        = "order-events"
  environment = "dev"
  tags = {
    owner       = "team-orders"
    cost-center = "cc-1234"
  }
}

run "standard_queue_with_dead_letter_queue" {
  assert {
    condition     = aws_sqs_queue.this.name == "order-events" && aws_sqs_queue.dead_letter[0].name == "order-events-dlq"
    error_message = "queue names are derived from name"
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 5 && jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dead_letter[0].arn
    error_message = "failed messages go to the dead-letter queue after 5 receives"
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter[0].sqs_managed_sse_enabled
    error_message = "both queues are encrypted"
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dead_letter[0].redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    error_message = "only the main queue may use the dead-letter queue"
  }

  assert {
    condition     = length(aws_sqs_queue_policy.this) == 2
    error_message = "both queues get a TLS-only policy"
  }

  assert {
    condition     = aws_sqs_queue.this.tags["managed-by"] == "tfpilot"
    error_message = "platform tags are added"
  }
}

run "fifo_queues_get_the_suffix" {
  command = plan

  variables {
    fifo                        = true
    content_based_deduplication = true
  }

  assert {
    condition     = aws_sqs_queue.this.name == "order-events.fifo" && aws_sqs_queue.dead_letter[0].name == "order-events-dlq.fifo"
    error_message = "FIFO queue names end with .fifo"
  }
}

run "customer_managed_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn
    error_message = "the key encrypts the queue"
  }
}

run "without_dead_letter_queue" {
  command = plan

  variables {
    dead_letter_queue = { enabled = false }
  }

  assert {
    condition     = length(aws_sqs_queue.dead_letter) == 0 && aws_sqs_queue.this.redrive_policy == "" && length(aws_sqs_queue_policy.this) == 1
    error_message = "no dead-letter queue when disabled"
  }
}

run "deduplication_needs_fifo" {
  command = plan

  variables {
    content_based_deduplication = true
  }

  expect_failures = [aws_sqs_queue.this]
}

run "dead_letter_queue_outlives_messages" {
  command = plan

  variables {
    message_retention_seconds = 1209600
    dead_letter_queue         = { message_retention_seconds = 86400 }
  }

  expect_failures = [aws_sqs_queue.this]
}

run "visibility_timeout_range" {
  command = plan

  variables {
    visibility_timeout_seconds = 50000
  }

  expect_failures = [var.visibility_timeout_seconds]
}

run "senders_are_sns_or_eventbridge" {
  command = plan

  variables {
    allowed_sender_arns = ["arn:aws:s3:::some-bucket"]
  }

  expect_failures = [var.allowed_sender_arns]
}
