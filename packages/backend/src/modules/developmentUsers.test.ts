import { ConfigReader } from '@backstage/config';
import {
  DEVELOPMENT_USER_HEADER,
  developmentUsersAuthenticator,
  readDevelopmentUsers,
} from './developmentUsers';

const config = (data: object) => new ConfigReader(data);
const request = (user?: string) =>
  ({
    header: (name: string) =>
      name === DEVELOPMENT_USER_HEADER ? user : undefined,
  } as never);

describe('development users sign-in', () => {
  const users = { users: ['user:default/vera', 'user:default/Alice'] };

  it('signs in as a listed user, whatever the case of the ref', async () => {
    const context = readDevelopmentUsers(config(users), 'development');
    await expect(
      developmentUsersAuthenticator.authenticate(
        { req: request('user:default/alice') },
        context,
      ),
    ).resolves.toEqual({ result: { userEntityRef: 'user:default/alice' } });
  });

  it('refuses anyone not listed, and a missing header', async () => {
    const context = readDevelopmentUsers(config(users), 'development');
    await expect(
      developmentUsersAuthenticator.authenticate(
        { req: request('user:default/admin') },
        context,
      ),
    ).rejects.toThrow(/not one of auth\.providers\.development\.users/);
    await expect(
      developmentUsersAuthenticator.authenticate({ req: request() }, context),
    ).rejects.toThrow(/not one of/);
  });

  it('refuses everyone outside development, unless dangerously allowed', async () => {
    const context = readDevelopmentUsers(config(users), 'production');
    await expect(
      developmentUsersAuthenticator.authenticate(
        { req: request('user:default/vera') },
        context,
      ),
    ).rejects.toThrow(/only in development/);
    expect(
      readDevelopmentUsers(
        config({ ...users, dangerouslyAllowOutsideDevelopment: true }),
        'production',
      ).disabled,
    ).toBeUndefined();
  });
});
