# Offline checks with a mocked AWS provider: `terraform init -backend=false && terraform test`.
mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name               = "sessions"
  environment        = "dev"
  subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  security_group_ids = ["sg-0123456789abcdef0"]
  tags = {
    owner       = "team-identity"
    cost-center = "cc-1234"
  }
}

run "primary_and_replica_encrypted" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 2 && aws_elasticache_replication_group.this.automatic_failover_enabled && aws_elasticache_replication_group.this.multi_az_enabled
    error_message = "one replica with automatic failover across zones"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled && tostring(aws_elasticache_replication_group.this.at_rest_encryption_enabled) == "true"
    error_message = "encrypted in transit and at rest"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.final_snapshot_identifier == null
    error_message = "no final snapshot outside prod"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.tags["managed-by"] == "tfpilot" && aws_elasticache_replication_group.this.tags["environment"] == "dev"
    error_message = "platform tags are added"
  }
}

run "single_node" {
  command = plan

  variables {
    replicas   = 0
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 1 && !aws_elasticache_replication_group.this.automatic_failover_enabled
    error_message = "a single node has no failover"
  }
}

run "replicas_need_two_subnets" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [aws_elasticache_replication_group.this]
}

run "name_fits_a_replication_group_id" {
  command = plan

  variables {
    name = "sessions-for-the-checkout-service-in-europe"
  }

  expect_failures = [var.name]
}

run "auth_token_length" {
  command = plan

  variables {
    auth_token = "short"
  }

  expect_failures = [var.auth_token]
}

run "node_type_is_an_enum" {
  command = plan

  variables {
    node_type = "cache.t2.micro"
  }

  expect_failures = [var.node_type]
}
