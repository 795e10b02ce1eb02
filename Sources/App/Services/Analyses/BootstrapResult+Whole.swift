import QMethod

extension BootstrapResult {
  /// The bootstrap as a member sees it who may see the analysis only as a whole: the statements'
  /// rows and each factor's summary stay; every sort's row goes (flag frequencies, aligned
  /// loadings, how often each sort was drawn, the unstable flags' sort ids).
  var asWhole: BootstrapResult {
    var whole = self
    whole.flagFrequency = []
    whole.loadingMean = []
    whole.loadingSD = []
    whole.drawnSteps = []
    for index in whole.factors.indices { whole.factors[index].unstableSorts = [] }
    return whole
  }
}
