output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table, for IAM policies (add /index/* for its indexes)."
  value       = aws_dynamodb_table.this.arn
}

output "stream_arn" {
  description = "ARN of the change stream, for Lambda event source mappings; null when the stream is off."
  value       = var.stream_view_type == null ? null : aws_dynamodb_table.this.stream_arn
}
