/**
 * The REST API's request records, shared because a pipeline {@link io.distill.contract.requests.Plan}
 * carries the requests of every service. Each record is what a client sends: a field that is absent
 * is {@code null} and takes the service's default; an {@code Optional} field also accepts an explicit
 * {@code null}, which means "none" (for example {@code "maxNorm": null} turns max-norm off). Each
 * field carries its Bean Validation constraints, and rules that tie fields together are a record's
 * {@link io.distill.contract.requests.CrossFieldChecked#crossFieldProblems()}.
 */
package io.distill.contract.requests;
