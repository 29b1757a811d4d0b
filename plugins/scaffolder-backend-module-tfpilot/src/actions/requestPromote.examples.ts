import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Promote an applied request to the environment after its own, with the same inputs.',
    example: `steps:
  - id: promote
    name: Promote to the next environment
    action: tfpilot:request:promote
    input:
      requestId: \${{ parameters.requestId }}
output:
  links:
    - title: Promoted request
      url: \${{ steps.promote.output.url }}
`,
  },
  {
    description:
      'Promote from stage to prod with a bigger instance, only if the request has not changed since revision 7.',
    example: `steps:
  - id: promote
    name: Promote to prod
    action: tfpilot:request:promote
    input:
      requestId: \${{ parameters.requestId }}
      environment: prod
      inputs:
        instance_type: m6i.large
        min_size: 3
      expectedRevision: 7
`,
  },
];
