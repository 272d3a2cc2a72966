/** Registered data sets: their manifests, shapes and the formats they are registered from. */
package io.distill.contract.datasets;
