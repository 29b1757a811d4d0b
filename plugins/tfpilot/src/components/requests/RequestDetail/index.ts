export { RequestDetail, RequestDetailContent } from './RequestDetailContent';
