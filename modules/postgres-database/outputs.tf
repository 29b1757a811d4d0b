output "db_instance_identifier" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.this.identifier
}

output "db_instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}

output "db_instance_resource_id" {
  description = "Resource id of the instance (db-...), for rds-db:connect IAM policies."
  value       = aws_db_instance.this.resource_id
}

output "address" {
  description = "Host name to connect to."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port to connect to."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the database created in the instance."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "User name of the master user."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master password; null when manage_master_password is false."
  value       = var.manage_master_password ? aws_db_instance.this.master_user_secret[0].secret_arn : null
}

output "connection_url" {
  description = "postgresql:// URL of the database with the master user and no password (sslmode=require); sensitive so that plans and pull-request comments do not show it."
  value       = "postgresql://${aws_db_instance.this.username}@${aws_db_instance.this.address}:${aws_db_instance.this.port}/${aws_db_instance.this.db_name}?sslmode=require"
  sensitive   = true
}
