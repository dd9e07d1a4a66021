/** Demo regions, departments and the users of the demo logins (password demo1234). */
import { sql } from 'drizzle-orm';
import { departments, regions, users } from '../../db/schema.ts';
import type { Role } from '../../domain/access.ts';
import type { DemoGenerator } from './demo.service.ts';

export const DEMO_PASSWORD = 'demo1234';

const REGIONS = [
  { code: 'GD', name: '广东省', parentCode: null },
  { code: 'GD-GZ', name: '广州市', parentCode: 'GD' },
  { code: 'GD-SZ', name: '深圳市', parentCode: 'GD' },
  { code: 'GD-FS', name: '佛山市', parentCode: 'GD' },
  { code: 'GD-DG', name: '东莞市', parentCode: 'GD' },
  { code: 'GX', name: '广西壮族自治区', parentCode: null },
  { code: 'GX-NN', name: '南宁市', parentCode: 'GX' },
];

const DEPARTMENTS = [
  { code: 'KAM', name: '大客户部', regionCode: 'GD' },
  { code: 'CSC', name: '一站式服务中心', regionCode: 'GD' },
  { code: 'NOC', name: '网络运维部', regionCode: 'GD' },
  { code: 'FIELD', name: '现场维护中心', regionCode: 'GD' },
  { code: 'VISIT', name: '客户服务部回访组', regionCode: 'GD' },
  { code: 'MKT', name: '市场经营部', regionCode: 'GD' },
  { code: 'QA', name: '服务督察室', regionCode: 'GD' },
  { code: 'IT', name: '信息化部', regionCode: 'GD' },
];

type DemoUser = {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  dept: string;
};

/** The fixed demo logins of the README. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: null, dept: 'IT' },
  {
    username: 'kam',
    displayName: '张建国(大客户部经理)',
    role: 'kam_manager',
    regionCode: 'GD',
    dept: 'KAM',
  },
  {
    username: 'am1',
    displayName: '李明(客户经理)',
    role: 'account_manager',
    regionCode: 'GD-GZ',
    dept: 'KAM',
  },
  {
    username: 'am2',
    displayName: '王芳(客户经理)',
    role: 'account_manager',
    regionCode: 'GD-SZ',
    dept: 'KAM',
  },
  {
    username: 'frontdesk',
    displayName: '陈静(一站式服务)',
    role: 'frontdesk',
    regionCode: 'GD',
    dept: 'CSC',
  },
  { username: 'ops', displayName: '刘强(运维工程师)', role: 'ops_engineer', regionCode: 'GD', dept: 'NOC' },
  { username: 'visit', displayName: '赵敏(回访专员)', role: 'visit_agent', regionCode: 'GD', dept: 'VISIT' },
  {
    username: 'field',
    displayName: '黄海(现场维护工程师)',
    role: 'ops_engineer',
    regionCode: 'GD',
    dept: 'FIELD',
  },
  {
    username: 'nochead',
    displayName: '马骏(网络运维部主任)',
    role: 'ops_engineer',
    regionCode: 'GD',
    dept: 'NOC',
  },
  {
    username: 'cschead',
    displayName: '吴岚(一站式服务中心主任)',
    role: 'frontdesk',
    regionCode: 'GD',
    dept: 'CSC',
  },
  { username: 'analyst', displayName: '孙悦(分析员)', role: 'analyst', regionCode: null, dept: 'MKT' },
  { username: 'auditor', displayName: '周正(服务督察)', role: 'auditor', regionCode: null, dept: 'QA' },
];

const SURNAMES = ['陈', '林', '黄', '吴', '郑', '何', '罗', '梁', '谢', '许', '邓', '冯'];
const GIVEN = ['伟', '娜', '磊', '婷', '军', '洋', '勇', '艳', '杰', '丽', '涛', '霞', '斌', '敏'];

export const orgDemo: DemoGenerator = {
  name: 'org',
  async run({ tx, rng, passwordHash }) {
    for (const r of REGIONS) {
      await tx.insert(regions).values(r).onConflictDoUpdate({ target: regions.code, set: r });
    }
    const deptIds = new Map<string, string>();
    for (const d of DEPARTMENTS) {
      const id = rng.uuid();
      const [row] = await tx
        .insert(departments)
        .values({ id, ...d })
        .onConflictDoUpdate({ target: departments.code, set: { name: d.name, regionCode: d.regionCode } })
        .returning({ id: departments.id });
      deptIds.set(d.code, row!.id);
    }
    // Extra account managers (am3…am8) so that later modules can spread portfolios.
    const cities = ['GD-GZ', 'GD-SZ', 'GD-FS', 'GD-DG', 'GX-NN'];
    const extra: DemoUser[] = Array.from({ length: 6 }, (_, i) => ({
      username: `am${i + 3}`,
      displayName: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.pick(GIVEN)}(客户经理)`,
      role: 'account_manager' as const,
      regionCode: rng.pick(cities),
      dept: 'KAM',
    }));
    const all = [...DEMO_USERS, ...extra];
    for (const [i, u] of all.entries()) {
      const phone = `1380020${String(i + 1).padStart(4, '0')}`;
      const values = {
        id: rng.uuid(),
        username: u.username,
        displayName: u.displayName,
        phone,
        role: u.role,
        regionCode: u.regionCode,
        departmentId: deptIds.get(u.dept) ?? null,
        passwordHash,
      };
      await tx
        .insert(users)
        .values(values)
        .onConflictDoUpdate({
          target: users.username,
          set: {
            displayName: u.displayName,
            phone,
            role: u.role,
            regionCode: u.regionCode,
            departmentId: values.departmentId,
          },
        });
    }
    // Account managers report to the key-account department manager (escalation chain).
    await tx.execute(
      sql`UPDATE users SET supervisor_id = (SELECT id FROM users WHERE username = 'kam') WHERE role = 'account_manager'`,
    );
    // Service-desk escalation chain: engineers report to the NOC head, the front desk to the CSC
    // head; the heads and the KAM manager head their departments.
    await tx.execute(
      sql`UPDATE users SET supervisor_id = (SELECT id FROM users WHERE username = 'nochead') WHERE username IN ('ops', 'field')`,
    );
    await tx.execute(
      sql`UPDATE users SET supervisor_id = (SELECT id FROM users WHERE username = 'cschead') WHERE username IN ('frontdesk', 'visit')`,
    );
    for (const [dept, head] of [
      ['NOC', 'nochead'],
      ['FIELD', 'nochead'],
      ['CSC', 'cschead'],
      ['VISIT', 'cschead'],
      ['KAM', 'kam'],
    ] as const) {
      await tx.execute(
        sql`UPDATE departments SET head_id = (SELECT id FROM users WHERE username = ${head}) WHERE code = ${dept}`,
      );
    }
    return { regions: REGIONS.length, departments: DEPARTMENTS.length, users: all.length };
  },
};
