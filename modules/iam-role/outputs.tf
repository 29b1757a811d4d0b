output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}

output "role_arn" {
  description = "ARN of the role, for task definitions, functions and trust policies."
  value       = aws_iam_role.this.arn
}

output "role_unique_id" {
  description = "Stable unique id of the role (AROA...), for resource policies that must not match a re-created role."
  value       = aws_iam_role.this.unique_id
}

output "instance_profile_name" {
  description = "Name of the instance profile; null when create_instance_profile is false."
  value       = var.create_instance_profile ? aws_iam_instance_profile.this[0].name : null
}
