package io.retention.risk.model;

/** A fitted Gamma-Gamma spend model with its log-likelihood and the repeat buyers it was fitted on. */
public record GammaGammaFit(GammaGamma model, double logLikelihood, long customers) {}
