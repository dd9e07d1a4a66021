/** Reference lists of the customers pages: industries, regions and account managers. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountManager, findAccountManagers, findIndustries, type Industry } from '../../api/customers';
import type { Region } from '../../api/types';
import { useApi } from '../../api/use-api';
import { findRegions } from '../../api/users';

export type Lookups = {
  industries: Industry[];
  regions: Region[];
  accountManagers: AccountManager[];
  /** The industry's name in the UI language, or its code when unknown. */
  industryName: (code: string) => string;
};

/**
 * Loads the three lists once per page. Each may fail on its own (e.g. a role that may not list
 * account managers); the page then shows raw codes instead of names.
 */
export function useLookups(): Lookups {
  const { i18n } = useTranslation();
  const industries = useApi((signal) => findIndustries(signal).catch(() => []), []);
  const regions = useApi((signal) => findRegions(signal).catch(() => []), []);
  const managers = useApi((signal) => findAccountManagers(signal).catch(() => []), []);
  const english = i18n.language === 'en';
  return useMemo(() => {
    const list = industries.data ?? [];
    const byCode = new Map(list.map((industry) => [industry.code, industry]));
    return {
      industries: list,
      regions: regions.data ?? [],
      accountManagers: managers.data ?? [],
      industryName: (code: string) => {
        const industry = byCode.get(code);
        return industry ? (english ? industry.en : industry.zh) : code;
      },
    };
  }, [industries.data, regions.data, managers.data, english]);
}

export type RegionTreeNode = { value: string; title: string; children: RegionTreeNode[] };

/** The flat region list as a tree for a TreeSelect (province → city). */
export function buildRegionTree(regions: readonly Region[]): RegionTreeNode[] {
  const nodes = new Map<string, RegionTreeNode>();
  for (const region of regions)
    nodes.set(region.code, { value: region.code, title: region.name, children: [] });
  const roots: RegionTreeNode[] = [];
  for (const region of regions) {
    const node = nodes.get(region.code);
    if (!node) continue;
    const parent = region.parentCode ? nodes.get(region.parentCode) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
