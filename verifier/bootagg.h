/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_BOOTAGG_H
#define IMALOG_BOOTAGG_H

#include "report.h"

/*
 * Compare each kernel's boot_aggregate with PCRs 0-7 (0-9 for non-sha1
 * banks) of the TPM source, as ima_calc_boot_aggregate() computes it.
 * Needs rep->kernels (kexec_check) and rep->banks. Findings are notes:
 * they do not change the verdict.
 */
void boot_aggregate_check(const struct ima_log *log, struct report *rep);

#endif
