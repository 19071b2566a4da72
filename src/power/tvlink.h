/* tvlink: runs cec_ctl off the loop on one worker thread. The loop asks (tvlink_request never waits on
 * CEC), the worker sends, and the TV's answer comes back through tvlink_status; tvlink_fd turns
 * readable when there is a new answer (loop_add_fd). The latest request wins. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "power/cec.h"

struct tvlink;

struct tvlink *tvlink_new(struct cec_ctl *ctl); /* takes ctl; NULL when the thread cannot start */
void tvlink_free(struct tvlink *t);             /* NULL-safe; waits for a call in flight (bounded) */
void tvlink_request(struct tvlink *t, bool on);
/* Descriptor readable when an answer arrived; tvlink_status drains it. */
int tvlink_fd(const struct tvlink *t);
/* The TV's last reported power and the adapter used (copied into adapter, "" none). */
enum tv_power tvlink_status(struct tvlink *t, char *adapter, size_t cap);
/* True while no request waits and none is being sent (tests). */
bool tvlink_idle(struct tvlink *t);
