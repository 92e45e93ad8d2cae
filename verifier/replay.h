/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_REPLAY_H
#define IMALOG_REPLAY_H

#include "report.h"

/*
 * The replay, one record at a time. replay_begin() starts every bank of
 * rep->banks at the PCRs' reset values, or at the values already in
 * bank->calc when continuing a verified state. replay_record() checks the
 * stored sha1 template digest and extends every bank. replay_end()
 * compares each PCR named in the log with the PCR source and finds the
 * shortest prefix of the list that every bank matches.
 */
void replay_begin(struct report *rep, int from_state);
void replay_record(const struct ima_log *log, const struct ima_record *r,
		   struct report *rep);
void replay_end(struct report *rep);

/* PC Client reset value of a PCR: 17-22 all ones, the others zero. */
int pcr_reset_byte(int pcr);

#endif
