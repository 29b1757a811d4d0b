import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Wait until the request created by an earlier step is planned and awaits approval (the default).',
    example: `steps:
  - id: wait
    name: Wait for the plan
    action: tfpilot:request:wait
    input:
      requestId: \${{ steps.request.output.requestId }}
`,
  },
  {
    description:
      'Wait up to two hours for the request to be applied, checking every 30 seconds; fails if a plan or apply fails or the request is cancelled.',
    example: `steps:
  - id: applied
    name: Wait for the infrastructure
    action: tfpilot:request:wait
    input:
      requestId: \${{ steps.request.output.requestId }}
      until:
        - applied
      timeoutMinutes: 120
      pollIntervalSeconds: 30
`,
  },
  {
    description:
      'Stop waiting as soon as the plan is ready for review or already approved.',
    example: `steps:
  - id: reviewed
    name: Wait for the review
    action: tfpilot:request:wait
    input:
      requestId: \${{ steps.request.output.requestId }}
      until:
        - awaiting_approval
        - approved
      timeoutMinutes: 15
`,
  },
];
