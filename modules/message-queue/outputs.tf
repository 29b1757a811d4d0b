output "queue_name" {
  description = "Name of the queue (with the .fifo suffix for FIFO queues)."
  value       = aws_sqs_queue.this.name
}

output "queue_url" {
  description = "URL of the queue, for the SDKs' SendMessage and ReceiveMessage calls."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the queue, for IAM policies and event source mappings."
  value       = aws_sqs_queue.this.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue; null when it is disabled."
  value       = var.dead_letter_queue.enabled ? aws_sqs_queue.dead_letter[0].url : null
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue, for alarms and redrive permissions; null when it is disabled."
  value       = var.dead_letter_queue.enabled ? aws_sqs_queue.dead_letter[0].arn : null
}
