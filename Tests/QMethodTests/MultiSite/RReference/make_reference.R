# Makes local_pca_synth4.json: the local PCA + varimax loadings of four sites of the reference data
# set synth_40x100 (sort i, counted from 0, at site A, B, C, D by i mod 4), as R computes them.
#
# Run from the project root (R 4.2.2 and psych 2.2.9 from Debian bookworm: apt-get install
# r-base-core r-cran-psych r-cran-gparotation):
#   Rscript Tests/QMethodTests/MultiSite/RReference/make_reference.R \
#     ../shared/reference/synth_40x100/synth_40x100.csv > Tests/QMethodTests/MultiSite/RReference/local_pca_synth4.json
#
# qmethod 1.8.4's PCA is exactly this call (qmethod(..., extraction = "PCA") runs
# psych::principal(cor(dataset), nfactors, rotate = "varimax") and keeps its loadings). The
# factor count is POETQ's default for a site, the number of the first 7 eigenvalues of the site's
# correlation matrix above 1.
library(psych)
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1], row.names = 1)
sites <- c("A", "B", "C", "D")
number <- function(x) sprintf("%.15g", x)
out <- c()
for (s in seq_along(sites)) {
  columns <- which((seq_len(ncol(data)) - 1) %% 4 == s - 1)
  site <- data[, columns]
  r <- cor(site)
  eigenvalues <- eigen(r, symmetric = TRUE, only.values = TRUE)$values
  k <- sum(eigenvalues[1:7] > 1)
  loadings <- unclass(principal(r, nfactors = k, rotate = "varimax")$loadings)
  rows <- apply(loadings, 1, function(row) paste0("[", paste(number(row), collapse = ", "), "]"))
  out <- c(out, paste0(
    "  \"", sites[s], "\": {\"sorts\": [", paste0("\"", colnames(site), "\"", collapse = ", "), "], ",
    "\"factors\": ", k, ", \"eigenvalues\": [", paste(number(eigenvalues[1:7]), collapse = ", "), "], ",
    "\"loadings\": [", paste(rows, collapse = ", "), "]}"))
}
cat("{\n", paste(out, collapse = ",\n"), "\n}\n", sep = "")
