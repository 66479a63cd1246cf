"""Family F, factual consistency: claims (figures, measures, dates), reference facts,
title conflicts and cross-document disagreements. Report only: nothing here fixes text."""
