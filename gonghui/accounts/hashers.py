from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """For the random one-time passwords the union office hands out, a thousand at a time.

    They carry ~50 random bits and expire in days, so a tenth of the default work factor
    still makes a stolen table useless, and issuing a department's notices takes seconds, not
    minutes. The person's own password, set at first login, gets the full default.
    """

    algorithm = "pbkdf2_initial"
    iterations = 20_000
