/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_STATE_H
#define IMALOG_STATE_H

#include "report.h"

/*
 * A verified state (--save-state, --state): the records verified, their
 * size in the binary list, the replayed PCR values per bank, and what the
 * current kernel's hand-over will need. A later run continues from it
 * with the records after it only, as Keylime's verifier does, or as a
 * list reads once 7.2's staging deleted the records already read.
 *
 *	imalog-state 1
 *	records N
 *	bytes N
 *	kernels N		(kernels so far, the last one current)
 *	kernel FIRST LEGACY	(its first record, 'ima' records so far)
 *	kexec_load RECORD VALID EXACT SEGMENT SIZE COUNT	(optional)
 *	kexec_execute RECORD VALID EXACT SEGMENT SIZE COUNT	(optional)
 *	boot_aggregate HEX	(the first kernel's, optional)
 *	pcr BANK N HEX		(every PCR named so far, every bank)
 */

/*
 * Load after the PCR source: the banks' replayed values start from it.
 * -1 (with a finding) if the state cannot be used.
 */
int state_load(const char *path, struct report *rep);
/* Write the state at rep->verified, if the run got there; else a note. */
void state_save(const char *path, struct report *rep);

#endif
