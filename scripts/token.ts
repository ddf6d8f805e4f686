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
const tokens = new TokenService(loadConfig().jwtSecret);
const token = await tokens.sign({ role, shopId: values.shop, memberId: values.member, subject: values.subject, expiresIn: values.expires });
console.error(`${role} token, valid ${values.expires}:`);
console.log(token);
