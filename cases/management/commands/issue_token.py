from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the API token of a user, creating it if needed; scripts send it as "
        "'Authorization: Token <key>'. Tokens are also listed and revoked in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Replace the user's existing token, e.g. after it leaked.",
        )

    def handle(self, *args, username, rotate, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive; a token would not work.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if not created:
            self.stderr.write(f"{username} already had this token; --rotate replaces it.")
        self.stdout.write(token.key)
