/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A byte stream read once, front to back: a file, standard input, a pipe,
 * or a memory buffer. Only a window of it is kept: what the current record
 * needs.
 */
#ifndef IMALOG_INPUT_H
#define IMALOG_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct input {
	int fd;			/* -1: memory buffer */
	const char *name;
	uint8_t *buf;		/* owned unless memory */
	size_t cap;
	size_t pos;		/* next unread byte in buf */
	size_t len;		/* valid bytes in buf */
	uint64_t base;		/* stream offset of buf[0] */
	int eof;
	int err;		/* errno of a failed read */
};

/* "-" is standard input. -1 with errno set if it cannot be opened. */
int input_open(struct input *in, const char *path);
void input_from_mem(struct input *in, const uint8_t *buf, size_t len);
void input_close(struct input *in);

/*
 * Make n bytes from the read position available in one piece. Returns how
 * many are (less than n only at the end of the stream or on a read error:
 * in->err) and points *p at them. They stay valid until the next call.
 */
size_t input_peek(struct input *in, size_t n, const uint8_t **p);
void input_skip(struct input *in, size_t n);

/* stream offset of the read position */
static inline uint64_t input_offset(const struct input *in)
{
	return in->base + in->pos;
}

#endif
