"""What ALI tells its operators about itself: Prometheus metrics (`ali.observability.metrics`)
and their exposition (`ali.observability.exposition`), single- or multi-process."""
