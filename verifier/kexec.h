/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_KEXEC_H
#define IMALOG_KEXEC_H

#include "report.h"

/*
 * Parse a kexec event buffer in mainline's grammar,
 * "kexec_segment_size=N;ima_binary_runtime_size=N;ima_runtime_measurements_count=N;"
 * (unknown key=value; pairs are ignored). 0 on success, otherwise -1
 * with a reason in why.
 */
int kexec_parse_buf(const uint8_t *p, uint32_t len, struct kexec_event *ev,
		    char *why, size_t whylen);

/*
 * One record of the list, in order: split the list into kernels at
 * boot_aggregate records, verify ima-buf digests and the kexec_load /
 * kexec_execute events, and classify each hand-over (rep->handovers):
 * exact, mainline, truncated or no-events. kexec_end() after the last.
 */
void kexec_record(const struct ima_log *log, const struct ima_record *r,
		  struct report *rep);
void kexec_end(struct report *rep);

#endif
