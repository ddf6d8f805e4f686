import { parseArgs } from 'node:util';
import { loadConfig, ROLES, TokenService, type Role } from '@zhongtai/kit';

/** `pnpm token --role merchant --shop <id>`: prints a dev token, alone on its last line. */
const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'admin' },
    shop: { type: 'string' },
    member: { type: 'string' },
    subject: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const role = values.role!.toUpperCase() as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of ${ROLES.map((r) => r.toLowerCase()).join(', ')}`);
  process.exit(2);
}
if (role === 'MERCHANT' && !values.shop) {
  console.error('--shop <id> is required for a merchant token');
  process.exit(2);
}
if (role === 'CUSTOMER' && !values.member) {
  console.error('--member <id> is required for a customer token');
  process.exit(2);
}
const config = loadConfig();
const tokens = new TokenService(config.jwtSecret, config.jwtMaxLifetimeSeconds);
const token = await tokens.sign({ role, shopId: values.shop, memberId: values.member, subject: values.subject, expiresIn: values.expires });
// The graph would refuse a token living longer than JWT_MAX_LIFETIME_SECONDS: say so now.
await tokens.verify(token).catch((error: Error) => {
  console.error(`--expires ${values.expires}: ${error.message} (JWT_MAX_LIFETIME_SECONDS=${config.jwtMaxLifetimeSeconds})`);
  process.exit(2);
});
console.error(`${role} token, valid ${values.expires}:`);
console.log(token);
