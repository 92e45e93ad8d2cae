/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_BOOTAGG_H
#define IMALOG_BOOTAGG_H

#include "report.h"

/*
 * For the first record of each kernel (rep->cur): if it is a
 * boot_aggregate, compare it with PCRs 0-7 (0-9 for non-sha1 banks) of the
 * PCR source, as ima_calc_boot_aggregate() computes it, and with the first
 * kernel's. Findings are notes: they do not change the verdict.
 */
void boot_aggregate_record(const struct ima_log *log,
			   const struct ima_record *r, struct report *rep);

#endif
