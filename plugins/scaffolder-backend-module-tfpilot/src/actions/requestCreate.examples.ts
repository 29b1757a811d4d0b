import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Request a module with its default inputs in dev.',
    example: `steps:
  - id: request
    name: Request a queue
    action: tfpilot:request:create
    input:
      module: sqs-queue
      version: 1.0.0
      environment: dev
      entityRef: component:default/checkout
`,
  },
  {
    description:
      'Request a bucket with inputs taken from the form, and link its request page.',
    example: `steps:
  - id: request
    name: Request the bucket
    action: tfpilot:request:create
    input:
      module: s3-bucket
      version: 1.2.0
      environment: \${{ parameters.environment }}
      entityRef: \${{ parameters.component }}
      inputs:
        name: \${{ parameters.name }}
        versioning: true
        tags:
          team: payments
output:
  links:
    - title: TfPilot request
      url: \${{ steps.request.output.url }}
`,
  },
];
