package io.distill.contract.requests;

import jakarta.validation.groups.Default;

/**
 * The constraints of a request posted on its own, on top of the default ones. A request inside a
 * {@link Plan} leaves out what the pipeline fills in (a student's {@code transferSetId}), so those
 * fields are required only in this group.
 */
public interface Submitted extends Default {}
