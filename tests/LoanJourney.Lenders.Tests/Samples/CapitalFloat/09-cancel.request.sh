curl -X POST \
  {{url}}/paylater/cancel \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string",
    "order_id": "string",
    "amount": "3748973.97"
  }'
