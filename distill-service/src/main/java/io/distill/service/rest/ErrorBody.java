package io.distill.service.rest;

/** The JSON body of a 4xx answer: which field is wrong (if one is) and what is wrong with it. */
public record ErrorBody(String field, String error) {}
