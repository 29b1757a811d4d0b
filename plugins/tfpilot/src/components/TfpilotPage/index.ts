export { TfpilotPage } from './TfpilotPage';
