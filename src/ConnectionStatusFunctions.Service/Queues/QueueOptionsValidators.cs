using ConnectionStatusFunctions.Service.Intake;
using ConnectionStatusFunctions.Service.Probes;
using Microsoft.Extensions.Options;

namespace ConnectionStatusFunctions.Service.Queues;

// Each queue's settings class checks the range annotations of QueueOptions; written by the options source generator.

[OptionsValidator]
internal sealed partial class FailureQueueOptionsValidator : IValidateOptions<FailureQueueOptions>;

[OptionsValidator]
internal sealed partial class ProbeQueueOptionsValidator : IValidateOptions<ProbeQueueOptions>;
