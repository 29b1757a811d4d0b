export { createRequestNotifier } from './createRequestNotifier';
export { RequestNotifier } from './RequestNotifier';
export { readNotificationSettings, DEFAULT_ROUTES } from './config';
export { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS } from './types';
export type {
  NotificationChannel,
  NotificationEvent,
  NotificationRoute,
  NotificationSettings,
} from './types';
