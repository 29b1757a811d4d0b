# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name               = "orders-db"
  environment        = "dev"
  subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  security_group_ids = ["sg-0123456789abcdef0"]
  tags = {
    owner       = "team-orders"
    cost-center = "cc-1234"
  }
}

run "dev_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.this.deletion_protection == false && aws_db_instance.this.skip_final_snapshot
    error_message = "dev instances are deletable without a final snapshot"
  }

  assert {
    condition     = aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible
    error_message = "storage is encrypted and the instance is private"
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password && aws_db_instance.this.password == null && !aws_db_instance.this.multi_az
    error_message = "the master password is managed in Secrets Manager; no standby in dev"
  }

  assert {
    condition     = aws_db_parameter_group.this.family == "postgres16" && contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "rds.force_ssl=1")
    error_message = "the parameter group matches the major version and forces TLS"
  }

  assert {
    condition     = aws_db_instance.this.tags["managed-by"] == "tfpilot" && aws_db_instance.this.tags["environment"] == "dev"
    error_message = "platform tags are added"
  }
}

run "own_password_and_parameters" {
  command = plan

  variables {
    engine_version         = "15.7"
    manage_master_password = false
    master_password        = "correct-horse-battery-staple"
    parameters             = { log_min_duration_statement = "500" }
  }

  assert {
    condition     = aws_db_instance.this.password == "correct-horse-battery-staple" && aws_db_instance.this.manage_master_user_password == null
    error_message = "the given password is used"
  }

  assert {
    condition     = aws_db_parameter_group.this.family == "postgres15" && length(aws_db_parameter_group.this.parameter) == 2
    error_message = "the caller's parameters join rds.force_ssl"
  }
}

run "prod_is_protected" {
  command = plan

  variables {
    environment           = "prod"
    backup_retention_days = 3
  }

  assert {
    condition     = aws_db_instance.this.deletion_protection && aws_db_instance.this.multi_az
    error_message = "prod has deletion protection and a standby"
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7
    error_message = "prod keeps backups for at least 7 days"
  }
}

run "rejects_bad_name" {
  command = plan

  variables {
    name = "9orders"
  }

  expect_failures = [var.name]
}

run "needs_password_when_not_managed" {
  command = plan

  variables {
    manage_master_password = false
  }

  expect_failures = [aws_db_instance.this]
}

run "engine_version_is_supported" {
  command = plan

  variables {
    engine_version = "12.19"
  }

  expect_failures = [var.engine_version]
}

run "instance_class_is_an_enum" {
  command = plan

  variables {
    instance_class = "db.t2.micro"
  }

  expect_failures = [var.instance_class]
}

run "needs_two_subnets" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "tls_cannot_be_turned_off" {
  command = plan

  variables {
    parameters = { "rds.force_ssl" = "0" }
  }

  expect_failures = [var.parameters]
}

run "password_is_checked" {
  command = plan

  variables {
    manage_master_password = false
    master_password        = "p@ss word"
  }

  expect_failures = [var.master_password]
}
