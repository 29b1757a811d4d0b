export { RequestsRoutes } from './RequestsRoutes';
export { RequestListContent } from './RequestList/RequestListContent';
export { RequestDetail, RequestDetailContent } from './RequestDetail';
